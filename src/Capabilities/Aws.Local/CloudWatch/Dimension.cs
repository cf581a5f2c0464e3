namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>One dimension of a metric, e.g. FunctionName=api.</summary>
internal sealed record Dimension(string Name, string Value);
