using System.Globalization;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local.LoadBalancing;

/// <summary>
/// The local convention for Elastic Load Balancing ARNs: the loopback port a listener serves is the last all-digit
/// segment of its listener (rule) ARN, e.g. <c>arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/prod/8080</c>
/// is 127.0.0.1:8080. Without advancedConfiguration (a rolling service), the target group ARN's last number is the
/// production port.
/// </summary>
internal sealed record ListenerPorts(int Production, int? Test)
{
    /// <summary>The ports of a service's first load balancer, or null when it has none; a malformed ARN is InvalidParameterException.</summary>
    public static ListenerPorts? Of(IReadOnlyList<LoadBalancer> loadBalancers)
    {
        if (loadBalancers.Count == 0)
        {
            return null;
        }

        var lb = loadBalancers[0];
        if (lb.AdvancedConfiguration is { } advanced)
        {
            return new ListenerPorts(
                PortOf(advanced.ProductionListenerRule, "loadBalancers[0].advancedConfiguration.productionListenerRule"),
                advanced.TestListenerRule is null ? null : PortOf(advanced.TestListenerRule, "loadBalancers[0].advancedConfiguration.testListenerRule"));
        }

        return new ListenerPorts(PortOf(lb.TargetGroupArn, "loadBalancers[0].targetGroupArn"), null);
    }

    public static int PortOf(string? arn, string member)
    {
        var port = arn?.Split('/', ':').LastOrDefault(s => s.Length > 0 && s.All(char.IsAsciiDigit));
        return port is not null && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
            ? p
            : throw EcsException.InvalidParameter(
                $"{member} '{arn}' names no loopback port: the local ECS reads the port from the ARN's last number, e.g. arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/prod/8080");
    }
}
