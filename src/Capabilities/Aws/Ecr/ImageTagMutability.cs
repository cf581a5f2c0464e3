namespace Pipeline.Aws.Ecr;

/// <summary>The model's <c>ImageTagMutability</c> enum values.</summary>
public static class ImageTagMutability
{
    public const string Mutable = "MUTABLE";
    public const string Immutable = "IMMUTABLE";
}
