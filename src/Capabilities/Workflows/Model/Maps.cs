namespace Pipeline.Workflows.Model;

internal static class Maps
{
    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
