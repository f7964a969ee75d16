// Placeholder until TaskmgrCoreTests's first real file lands; delete it then.
