namespace Pipeline.Deploy.Local;

/// <summary>Reconcile's look at one recorded instance.</summary>
/// <param name="Running">The instance as it runs now (its port re-read), or null when it cannot serve.</param>
/// <param name="Repair">What was found or done, for the record ("forgot blue …: it was not running"), or null.</param>
public sealed record InstanceCheck(ColourState? Running, string? Repair);
