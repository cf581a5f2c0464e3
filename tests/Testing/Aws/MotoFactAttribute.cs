namespace Pipeline.Testing.Aws;

/// <summary>
/// A fact that needs moto (<see cref="MotoServer"/>). Without moto it is skipped with the reason printed — unless
/// <see cref="MotoAvailability.Required"/>, where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MotoFactAttribute : FactAttribute
{
    public MotoFactAttribute()
    {
        if (MotoAvailability.UnavailableReason is { } reason && !MotoAvailability.Required)
        {
            Skip = reason;
        }
    }
}
