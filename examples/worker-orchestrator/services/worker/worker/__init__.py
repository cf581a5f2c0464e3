"""The Slack worker stand-in: takes jobs over HTTP and keeps them in PostgreSQL."""
