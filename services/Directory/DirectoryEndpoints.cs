using BuildingBlocks.Auth;
using BuildingBlocks.Fhir;
using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using DirectoryService.Data;
using DirectoryService.Features.Crisis;
using DirectoryService.Features.Fhir;
using DirectoryService.Features.Freshness;
using DirectoryService.Features.Imports;
using DirectoryService.Features.Locations;
using DirectoryService.Features.Moderation;
using DirectoryService.Features.Organisations;
using DirectoryService.Features.Postcodes;
using DirectoryService.Features.Search;
using DirectoryService.Features.Services;
using DirectoryService.Features.Taxonomies;
using DirectoryService.Features.Vocabulary;

namespace DirectoryService;

/// <summary>Every Directory route in one place.</summary>
public static class DirectoryEndpoints
{
    public static IEndpointRouteBuilder MapDirectoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/directory").WithTags("Directory");

        api.MapGet("/organisations", GetOrganisation.List);
        api.MapGet("/organisations/{id:guid}", GetOrganisation.Endpoint);
        api.MapPost("/organisations", CreateOrganisation.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPut("/organisations/{id:guid}", UpdateOrganisation.Endpoint).RequireAuthorization();

        // Listings: who may change which one is decided per listing (its organisation's staff, or a curator).
        api.MapPost("/services", ListService.Endpoint).RequireAuthorization();
        api.MapGet("/services/{id:guid}", GetService.Endpoint);
        api.MapPut("/services/{id:guid}", EditService.Endpoint).RequireAuthorization();
        api.MapDelete("/services/{id:guid}", RemoveService.Endpoint).RequireAuthorization();
        api.MapGet("/services/{id:guid}/history", GetServiceHistory.Endpoint).RequireAuthorization();
        api.MapPut("/services/{id:guid}/capacity", ChangeCapacity.Endpoint).RequireAuthorization();
        api.MapPost("/services/{id:guid}/confirm", ConfirmStillAccurate.Endpoint).RequireAuthorization();
        api.MapGet("/my/services", MyServices.Endpoint).RequireAuthorization(Roles.Provider);

        api.MapGet("/locations", GetLocations.List);
        api.MapGet("/locations/{id:guid}", GetLocations.Get);
        api.MapPost("/locations", SaveLocation.Create).RequireAuthorization();
        api.MapPut("/locations/{id:guid}", SaveLocation.Update).RequireAuthorization();

        api.MapGet("/moderation", GetModerationQueue.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/moderation/{changeId:guid}", GetProposal.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/moderation/{changeId:guid}/approve", DecideChange.Approve).RequireAuthorization(Roles.Curator);
        api.MapPost("/moderation/approve", ApproveInBulk.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/moderation/{changeId:guid}/reject", DecideChange.Reject).RequireAuthorization(Roles.Curator);

        api.MapPost("/crisis/suspend", SuspendListings.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/crisis/reinstate", ReinstateListings.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/crisis/preview", PreviewCrisis.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/crisis", ListCrises.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/crisis/current", GetCurrentCrises.Endpoint);
        api.MapPost("/crisis/{id:guid}/end", EndCrisis.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/wards", ListWards.Endpoint);
        api.MapPost("/services/{id:guid}/closure", ClosureNotice.Close).RequireAuthorization();
        api.MapDelete("/services/{id:guid}/closure", ClosureNotice.Open).RequireAuthorization();

        api.MapGet("/taxonomy", GetTaxonomy.Endpoint);
        api.MapPost("/taxonomy/terms", AddTerm.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/taxonomy/tree", GetTaxonomyTree.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPut("/taxonomy/terms/{code}", UpdateTerm.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/taxonomy/terms/{code}/merge", MergeTerm.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/taxonomy/terms/{code}/retire", RetireTerm.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapGet("/search", SearchServices.Endpoint).AddEndpointFilter(SearchMetrics.Measure).RequireRateLimiting(ClientRateLimits.Search);
        api.MapGet("/search/insights", GetSearchInsights.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/search/{searchId:guid}/gap", ReportSearchGap.Endpoint).RequireRateLimiting(ClientRateLimits.Search);
        api.MapGet("/postcodes/{postcode}", GetPostcode.Endpoint);
        api.MapPost("/postcodes/import", ImportGazetteer.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapPost("/import", Features.OpenReferral.ImportFeed.Endpoint).RequireAuthorization(Roles.Curator);
        api.MapImportEndpoints();
        api.MapVocabularyEndpoints();

        // Open Referral UK: the public API (at the service root) and the curators' feed import.
        Features.OpenReferral.OrukEndpoints.MapOpenReferral(endpoints);

        // FHIR R4 (docs/FHIR.md): the public listings for clinical systems, as public as the ORUK API. Failures are OperationOutcomes.
        var fhir = endpoints.MapGroup("/fhir").WithTags("FHIR").AddEndpointFilter(FhirHttp.Outcomes);
        fhir.MapGet("/HealthcareService", SearchHealthcareServices.Endpoint).RequireRateLimiting(ClientRateLimits.Search);
        fhir.MapGet("/HealthcareService/{id}", ReadDirectoryResources.HealthcareService);
        fhir.MapGet("/Organization/{id}", ReadDirectoryResources.Organization);
        fhir.MapGet("/Location/{id}", ReadDirectoryResources.Location);
        // Operators (docs/OPERATIONS.md): this service's error queues. The Directory keeps nothing about referrals, so no trail.
        api.MapErrorQueueOperations<DirectoryDb>(DirectoryModule.ServiceName);
        return endpoints;
    }
}
