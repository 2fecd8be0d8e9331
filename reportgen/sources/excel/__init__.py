"""The Excel reader: statistik.xlsx -> participant episodes and statistics (see `source`).

`source` opens the workbook and refuses personnummer (`reportgen.personnummer`),
`xlsx` streams the sheets with the work bounded, `participants` reads the
`Deltagare` sheet with `cells` reading its values, `survey` reads `Enkät`,
`columns` says which headers and values each column accepts, and `sheet` holds
what the sheet readers share.
"""
