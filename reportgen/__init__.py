"""reportgen – del- och slutrapporter för insatser finansierade av samordningsförbund."""

__version__ = "0.1.0"
