"""The folder `resnet-explorer serve` hands to Streamlit: app.py, and beside it .streamlit/config.toml.

Streamlit reads a config.toml that lies in a .streamlit folder next to the script it runs (after the
user's and the working directory's, so it wins over both), which is how the installed command gets the
app's settings from any directory. It is a copy of the checkout's .streamlit/config.toml, which
`streamlit run app.py` reads; tests/test_package.py checks that the two are the same file.

Streamlit also puts the script's folder first on sys.path, so this folder holds nothing else that an
import could pick up by mistake.
"""
