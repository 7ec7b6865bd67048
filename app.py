"""ResNet Explorer: `streamlit run app.py`."""

from resnet_explorer.ui import main

main()
