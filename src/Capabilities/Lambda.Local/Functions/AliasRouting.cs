using System.Globalization;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Functions;

/// <summary>
/// Lambda's rules for an alias's RoutingConfig, and how it routes: at most one additional version, published (numeric,
/// never <c>$LATEST</c>), not the primary one, a weight from 0 to 1, the same execution role as the primary; each
/// invocation goes to the additional version with the probability of its weight.
/// </summary>
internal static class AliasRouting
{
    public static void Validate(FunctionState function, string primary, IReadOnlyDictionary<string, double> weights, Arns arns)
    {
        if (weights.Count == 0)
        {
            return;
        }

        if (weights.Count > 1)
        {
            throw LambdaException.InvalidParameter("RoutingConfig.AdditionalVersionWeights names more than one version: an alias routes to at most two versions.");
        }

        var (version, weight) = weights.First();
        if (primary == "$LATEST" || version == "$LATEST")
        {
            throw LambdaException.InvalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw LambdaException.InvalidParameter($"1 validation error detected: Value '{version}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]+]");
        }

        if (weight is < 0 or > 1 || double.IsNaN(weight))
        {
            throw LambdaException.InvalidParameter($"1 validation error detected: Value '{weight.ToString(CultureInfo.InvariantCulture)}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must be between 0.0 and 1.0");
        }

        if (version == primary)
        {
            throw LambdaException.InvalidParameter($"Invalid function version {version}: the additional version of an alias must differ from its primary version.");
        }

        var extra = function.Version(version) ?? throw LambdaException.NotFound($"Function not found: {arns.Qualified(function.Name, version)}");
        var main = function.Version(primary) ?? throw LambdaException.NotFound($"Function not found: {arns.Qualified(function.Name, primary)}");
        if (extra.Role != main.Role)
        {
            throw LambdaException.InvalidParameter($"Versions {primary} and {version} have different execution roles ({main.Role}, {extra.Role}): the versions of an alias with routing must share their execution role.");
        }
    }

    /// <summary>The version one invocation of <paramref name="alias"/> runs, for a uniform <paramref name="sample"/> in [0, 1).</summary>
    public static string Route(AliasState alias, double sample) =>
        alias.Weights.Count == 1 && sample < alias.Weights.First().Value ? alias.Weights.First().Key : alias.FunctionVersion;
}
