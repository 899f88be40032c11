using System.Globalization;
using BuildingBlocks.Fhir;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Fhir;

/// <summary>
/// GET /fhir/HealthcareService?name=&amp;name:contains=&amp;name:exact=&amp;organization=&amp;active=&amp;_count=&amp;_page=:
/// how a clinical system lets its user pick the activity to refer to. Published listings only (as the public JSON
/// API), by name as FHIR string search reads it (starts with, case-insensitive; :contains; :exact), in name order.
/// </summary>
public static class SearchHealthcareServices
{
    public sealed record Query(string? Name, string? NameContains, string? NameExact, Guid? Organization, bool? Active,
        int Count = 20, int Page = 1) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<HealthcareService> Services, int Total);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Name).MaximumLength(200).OverridePropertyName("name");
            RuleFor(q => q.NameContains).MaximumLength(200).OverridePropertyName("name:contains");
            RuleFor(q => q.NameExact).MaximumLength(200).OverridePropertyName("name:exact");
            RuleFor(q => q.Count).InclusiveBetween(1, 50).OverridePropertyName("_count");
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).OverridePropertyName("_page");
        }
    }

    internal sealed class Handler(DirectoryDb db, Sender mediator) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var services = db.Services.AsNoTracking().Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended);
            if (Lower(query.Name) is { } starts) services = services.Where(s => s.Name.ToLower().StartsWith(starts));
            if (Lower(query.NameContains) is { } contains) services = services.Where(s => s.Name.ToLower().Contains(contains));
            if (!string.IsNullOrWhiteSpace(query.NameExact)) services = services.Where(s => s.Name == query.NameExact);
            if (query.Organization is { } org) services = services.Where(s => s.OrganisationId == org);
            if (query.Active is { } active) services = services.Where(s => (s.Status == ServiceStatus.Active) == active);

            var total = await services.CountAsync(cancellationToken);
            var ids = await services.OrderBy(s => s.Name).ThenBy(s => s.Id)
                .Skip((query.Page - 1) * query.Count).Take(query.Count).Select(s => s.Id).ToListAsync(cancellationToken);
            // Each through the JSON API's own read, so a listing looks the same found as read.
            var found = new List<HealthcareService>();
            foreach (var id in ids)
                found.Add(DirectoryResources.HealthcareService(await mediator.Send(new GetService.Query(id), cancellationToken)));
            return new Result(found, total);
        }

        private static string? Lower(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();
    }

    internal static async Task<IResult> Endpoint(HttpRequest request, Sender mediator, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var query = new Query(FhirHttp.QueryText(q["name"]), FhirHttp.QueryText(q["name:contains"]), FhirHttp.QueryText(q["name:exact"]),
            Organization(FhirHttp.QueryText(q["organization"])), FhirHttp.QueryText(q["active"]) is { } active ? active == "true" : null,
            FhirHttp.QueryNumber(q["_count"], 20), FhirHttp.QueryNumber(q["_page"], 1));
        var result = await mediator.Send(query, cancellationToken);
        return FhirHttp.SearchSet(request, "HealthcareService", result.Total, query.Page, query.Count, result.Services);
    }

    // An organisation that is not one of ours matches nothing.
    private static Guid? Organization(string? reference) =>
        reference is null ? null : Guid.TryParse(FhirHttp.ReferenceId(new ResourceReference(reference), "Organization"), out var id) ? id : Guid.Empty;
}
