using BuildingBlocks.Auth;
using DirectoryService.Features.Organisations;
using DirectoryService.Features.Postcodes;
using DirectoryService.Features.Search;
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
        api.MapGet("/search", SearchServices.Endpoint);
        api.MapGet("/search/insights", GetSearchInsights.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/postcodes/{postcode}", GetPostcode.Endpoint);
        api.MapPost("/postcodes/import", ImportGazetteer.Endpoint).RequireAuthorization(Roles.Curator);
        return endpoints;
    }
}
