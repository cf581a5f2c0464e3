namespace Pipeline.Images.Ecr;

/// <summary>ECR refused an API call: by the identity's IAM policy or by the repository's own policy.</summary>
public sealed class EcrAccessDeniedException(string message, Exception inner) : ImageException(message, inner);
