"""ResNet Explorer as installed: `resnet-explorer serve` runs this file with Streamlit."""

from resnet_explorer.ui import main

main()
