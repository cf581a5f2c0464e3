namespace Pipeline.Templates.IntegrationTests;

/// <summary>A fact that needs PowerShell: skipped with the reason when there is none, unless PIPELINE_REQUIRE_PWSH=1.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PwshFactAttribute : FactAttribute
{
    public PwshFactAttribute()
    {
        if (PowerShell.Executable is null && !PowerShell.Required)
        {
            Skip = PowerShell.UnavailableReason;
        }
    }
}
