namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /: which HSDS version and profile this API implements, and where its OpenAPI description is.</summary>
public static class ApiInfo
{
    private static readonly OrukApiInfo Info = new(OrukJson.Version, OrukJson.ProfileUrl, OrukJson.OpenApiUrl);

    internal static IResult Endpoint() => Results.Json(Info, OrukJson.Options);
}
