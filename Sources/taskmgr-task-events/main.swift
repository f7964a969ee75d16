// The /task-events route: a FastCGI executable behind nginx (see TaskmgrAPI.Route).
import TaskmgrAPI

RouteMain.run(.taskEvents)
