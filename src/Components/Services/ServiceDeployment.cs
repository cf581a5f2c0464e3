using Pipeline.Deploy.Environments;

namespace Pipeline.Components.Services;

/// <summary>One service's part of a release: the service, its part of the environment opened on its platform, and its deploy.</summary>
internal sealed record ServiceDeployment(ServiceDeclaration Service, IPlatformEnvironment Environment, DeploySpec Spec);
