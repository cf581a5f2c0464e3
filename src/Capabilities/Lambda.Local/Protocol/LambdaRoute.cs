namespace Pipeline.Lambda.Local.Protocol;

/// <summary>One operation of the rest-json API: its method and URI template from the model (e.g. <c>GET /2015-03-31/functions/{FunctionName}</c>).</summary>
internal sealed record LambdaRoute(string Method, string Template, string Operation, Func<LambdaRequest, CancellationToken, Task<LambdaResponse>> Handle)
{
    private readonly string[] segments = Template.Trim('/').Split('/');

    /// <summary>The URI labels when <paramref name="path"/> (decoded) matches the template, else null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string method, string path)
    {
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = path.Trim('/').Split('/');
        if (parts.Length != segments.Length)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            if (segments[i].StartsWith('{') && segments[i].EndsWith('}'))
            {
                if (parts[i].Length == 0)
                {
                    return null;
                }

                labels[segments[i][1..^1]] = Uri.UnescapeDataString(parts[i]);
            }
            else if (!string.Equals(parts[i], segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return labels;
    }
}
