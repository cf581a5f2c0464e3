var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "hello from a build on the Pipeline packages");
app.MapGet("/health", () => "healthy");
app.Run();
