using BuildingBlocks.Auth;

namespace DirectoryService.Features.Imports;

/// <summary>The curators' import routes: scheduled feeds, their runs, publishers' terms, and restoring withdrawn listings.</summary>
public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/import/feeds", ImportHistory.ListFeeds).RequireAuthorization(Roles.Curator);
        api.MapPost("/import/feeds", ScheduleFeed.Add).RequireAuthorization(Roles.Curator);
        api.MapPut("/import/feeds/{id:guid}", ScheduleFeed.Update).RequireAuthorization(Roles.Curator);
        api.MapPost("/import/feeds/{id:guid}/run", ScheduleFeed.Run).RequireAuthorization(Roles.Curator);
        api.MapGet("/import/runs", ImportHistory.ListRuns).RequireAuthorization(Roles.Curator);
        api.MapGet("/import/runs/{id:guid}", ImportHistory.GetRun).RequireAuthorization(Roles.Curator);
        api.MapGet("/import/terms", MapPublisherTerm.List).RequireAuthorization(Roles.Curator);
        api.MapPut("/import/terms/{id:guid}", MapPublisherTerm.Map).RequireAuthorization(Roles.Curator);
        api.MapPost("/services/{id:guid}/restore", RestoreWithdrawnListing.Endpoint).RequireAuthorization(Roles.Curator);
        return api;
    }
}
