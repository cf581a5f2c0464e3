namespace Pipeline.Testing.Aws;

/// <summary>A theory that needs moto or botocore for python3; see <see cref="MotoFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MotoTheoryAttribute : TheoryAttribute
{
    public MotoTheoryAttribute()
    {
        if (MotoAvailability.UnavailableReason is { } reason && !MotoAvailability.Required)
        {
            Skip = reason;
        }
    }
}
