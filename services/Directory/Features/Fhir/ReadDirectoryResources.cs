using BuildingBlocks.Fhir;
using BuildingBlocks.Web;
using DirectoryService.Features.Locations;
using DirectoryService.Features.Organisations;
using DirectoryService.Features.Services;

namespace DirectoryService.Features.Fhir;

/// <summary>
/// GET /fhir/HealthcareService/{id}, /fhir/Organization/{id}, /fhir/Location/{id}: the JSON API's reads (the same
/// queries, so the same visibility: unpublished listings 404 to the public), answered as FHIR.
/// </summary>
public static class ReadDirectoryResources
{
    internal static async Task<IResult> HealthcareService(string id, Sender mediator, CancellationToken cancellationToken) =>
        FhirHttp.Resource(DirectoryResources.HealthcareService(await mediator.Send(new GetService.Query(Id(id, "HealthcareService")), cancellationToken)));

    internal static async Task<IResult> Organization(string id, Sender mediator, CancellationToken cancellationToken) =>
        FhirHttp.Resource(DirectoryResources.Organization(await mediator.Send(new GetOrganisation.Query(Id(id, "Organization")), cancellationToken)));

    internal static async Task<IResult> Location(string id, Sender mediator, CancellationToken cancellationToken) =>
        FhirHttp.Resource(DirectoryResources.Location(await mediator.Send(new GetLocations.One(Id(id, "Location")), cancellationToken)));

    // A FHIR id that is not one of ours is as unknown as one that is not there.
    private static Guid Id(string id, string type) => Guid.TryParse(id, out var guid) ? guid : throw new NotFoundException(type, id);
}
