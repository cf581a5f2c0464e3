namespace Pipeline.GitHub.Deployments;

/// <summary>A deployment status' description: GitHub keeps at most 140 characters.</summary>
public static class StatusDescription
{
    public const int MaxLength = 140;

    /// <summary>One line, cut to 140 characters with an ellipsis when longer.</summary>
    public static string Fit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }
}
