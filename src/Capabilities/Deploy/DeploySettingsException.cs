namespace Pipeline.Deploy;

/// <summary>A deploy setting is invalid (weights, steps, bake durations, thresholds, environment names).</summary>
public sealed class DeploySettingsException : DeployException
{
    public DeploySettingsException(string message) : base(message) { }

    public DeploySettingsException(string message, Exception innerException) : base(message, innerException) { }

    public DeploySettingsException() { }
}
