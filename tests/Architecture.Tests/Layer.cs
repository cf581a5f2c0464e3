namespace Pipeline.Architecture.Tests;

/// <summary>Where a project sits in the layering of ARCHITECTURE.md; dependencies point down only.</summary>
public enum Layer
{
    /// <summary>Pipeline.Foundation: polling, processes, text helpers; depends on nothing of ours.</summary>
    Foundation,

    /// <summary>Pipeline.Engine and its generator: targets, graph, parameters; no cloud, no Docker.</summary>
    Engine,

    /// <summary>A capability's core (Pipeline.Deploy, Pipeline.Aws…): a plain library, usable without the engine.</summary>
    CapabilityCore,

    /// <summary>An adapter of a core (Pipeline.Deploy.Ecs, Pipeline.Deploy.Local, Pipeline.Deploy.Edge…).</summary>
    Adapter,

    /// <summary>A stand-in that speaks a real service's protocol on loopback (Pipeline.Ecs.Local…).</summary>
    StandIn,

    /// <summary>Pipeline.Components: the build components with default targets.</summary>
    Components,

    /// <summary>What sits on top: the sample service, the templates.</summary>
    Application,
}
