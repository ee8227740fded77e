"""The command line's help texts in Chinese (help.yaml)."""
