# Credentials come from the GOTO_CLIENT_ID and GOTO_CLIENT_SECRET environment
# variables, which keeps the client secret out of configuration files.
provider "goto" {}
