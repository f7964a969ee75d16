// The /task-status route: a FastCGI executable behind nginx (see TaskmgrAPI.Route).
import TaskmgrAPI

RouteMain.run(.taskStatus)
