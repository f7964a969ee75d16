// Placeholder until TaskmgrCore's first real file lands; delete it then.
