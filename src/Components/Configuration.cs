namespace Pipeline.Components;

/// <summary>The MSBuild configuration to build and test.</summary>
public enum Configuration
{
    Debug,
    Release,
}
