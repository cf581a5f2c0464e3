namespace Pipeline.Aws.Ecs;

/// <summary>
/// Enum values of the ECS model that Pipeline sends or tests for. Responses are read as plain strings, so a value AWS
/// adds later never breaks parsing; compare against these constants.
/// </summary>
public static class EcsValues
{
    /// <summary><c>DeploymentStrategy</c>.</summary>
    public static class Strategy
    {
        public const string Rolling = "ROLLING";
        public const string BlueGreen = "BLUE_GREEN";
        public const string Linear = "LINEAR";
        public const string Canary = "CANARY";
    }

    /// <summary><c>ServiceDeploymentStatus</c>.</summary>
    public static class DeploymentStatus
    {
        public const string Pending = "PENDING";
        public const string InProgress = "IN_PROGRESS";
        public const string Successful = "SUCCESSFUL";
        public const string Stopped = "STOPPED";
        public const string StopRequested = "STOP_REQUESTED";
        public const string RollbackRequested = "ROLLBACK_REQUESTED";
        public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
        public const string RollbackSuccessful = "ROLLBACK_SUCCESSFUL";
        public const string RollbackFailed = "ROLLBACK_FAILED";
    }

    /// <summary><c>DeploymentLifecycleHookStage</c> (hookable stages) and <c>ServiceDeploymentLifecycleStage</c> (reported ones).</summary>
    public static class Stage
    {
        public const string PostTestTrafficShift = "POST_TEST_TRAFFIC_SHIFT";
        public const string PostProductionTrafficShift = "POST_PRODUCTION_TRAFFIC_SHIFT";
    }

    /// <summary><c>DeploymentLifecycleHookTargetType</c>.</summary>
    public static class HookTarget
    {
        public const string Pause = "PAUSE";
        public const string Lambda = "AWS_LAMBDA";
    }

    /// <summary><c>DeploymentLifecycleHookStatus</c>.</summary>
    public static class HookStatus
    {
        public const string AwaitingAction = "AWAITING_ACTION";
        public const string InProgress = "IN_PROGRESS";
        public const string Succeeded = "SUCCEEDED";
        public const string Failed = "FAILED";
        public const string TimedOut = "TIMED_OUT";
    }

    /// <summary><c>DeploymentLifecycleHookAction</c>: what <c>ContinueServiceDeployment</c> and a hook timeout do.</summary>
    public static class HookAction
    {
        public const string Continue = "CONTINUE";
        public const string Rollback = "ROLLBACK";
    }

    /// <summary><c>StopServiceDeploymentStopType</c>.</summary>
    public static class StopType
    {
        public const string Rollback = "ROLLBACK";
        public const string Abort = "ABORT";
    }

    /// <summary><c>DeploymentControllerType</c>.</summary>
    public static class Controller
    {
        public const string Ecs = "ECS";
        public const string CodeDeploy = "CODE_DEPLOY";
        public const string External = "EXTERNAL";
    }
}
