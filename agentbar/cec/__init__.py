"""The CEC protocol: async clients of the CEC interfaces agentbar uses. No Qt here."""
