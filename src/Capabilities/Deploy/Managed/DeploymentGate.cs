namespace Pipeline.Deploy.Managed;

/// <summary>A point where a managed platform waits for the engine's verdict (ECS: a <c>PAUSE</c> lifecycle hook).</summary>
public enum DeploymentGate
{
    /// <summary>Test traffic reaches the new revision: the engine smoke-tests the test endpoint.</summary>
    PostTestTrafficShift,

    /// <summary>Production traffic reaches the new revision: the engine smoke-tests production.</summary>
    PostProductionTrafficShift,
}
