"""The agent's session with the gateway, and which actions its state allows."""
