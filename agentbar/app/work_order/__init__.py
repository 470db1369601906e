"""Work orders: the draft, the case types and the outbox that sends them until accepted."""
