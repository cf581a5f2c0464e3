namespace Pipeline.Engine.Parameters;

/// <summary>A parameter whose value is masked in every output line, tool output included.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
