"""`reportgen serve`: the web service – Swedish pages and a JSON API over the same pipeline.

    from reportgen.web.app import create_app
    from reportgen.web.settings import Settings
    app = create_app(Settings(jobs=2))

Nothing here is imported by the command line until `reportgen serve` runs, so
`reportgen --help` never loads FastAPI.
"""
