using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Ecs.Local.State;

/// <summary>A service's short id (a hash of its ARN): its load balancer's edge and its tasks' <c>startedBy</c> (<c>ecs-svc/&lt;id&gt;</c>).</summary>
internal static class ServiceId
{
    public static string Of(ServiceState service) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(service.Arn)))[..16];
}
