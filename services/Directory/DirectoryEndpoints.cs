using BuildingBlocks.Auth;
using DirectoryService.Features.Organisations;
using DirectoryService.Features.Services;

namespace DirectoryService;

/// <summary>Every Directory route in one place.</summary>
public static class DirectoryEndpoints
{
    public static IEndpointRouteBuilder MapDirectoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/directory").WithTags("Directory");

        api.MapPost("/organisations", CreateOrganisation.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/services", ListService.Endpoint).RequireAuthorization();
        api.MapGet("/services/{id:guid}", GetService.Endpoint);
        api.MapPost("/import", Features.OpenReferral.ImportFeed.Endpoint).RequireAuthorization(Roles.Curator);

        // Open Referral UK: the public API (at the service root) and the curators' feed import.
        Features.OpenReferral.OrukEndpoints.MapOpenReferral(endpoints);
        return endpoints;
    }
}
