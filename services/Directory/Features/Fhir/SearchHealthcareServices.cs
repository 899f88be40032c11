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
        var query = new Query(Text(q["name"]), Text(q["name:contains"]), Text(q["name:exact"]),
            Organization(Text(q["organization"])), Text(q["active"]) is { } active ? active == "true" : null,
            Number(q["_count"], 20), Number(q["_page"], 1));
        var result = await mediator.Send(query, cancellationToken);
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = result.Total, Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/HealthcareService{request.QueryString}" });
        if (query.Page * query.Count < result.Total)
        {
            var next = QueryString.Create(q.Where(p => p.Key != "_page").SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                .Append(new KeyValuePair<string, string?>("_page", (query.Page + 1).ToString(CultureInfo.InvariantCulture))));
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{baseUrl}/HealthcareService{next}" });
        }
        foreach (var service in result.Services)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/HealthcareService/{service.Id}", Resource = service,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        return FhirHttp.Resource(bundle);
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];

    // Not a number is out of range, so the validator names it.
    private static int Number(Microsoft.Extensions.Primitives.StringValues values, int fallback) =>
        Text(values) is not { } text ? fallback : int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : -1;

    // An organisation that is not one of ours matches nothing.
    private static Guid? Organization(string? reference) =>
        reference is null ? null : Guid.TryParse(FhirHttp.ReferenceId(new ResourceReference(reference), "Organization"), out var id) ? id : Guid.Empty;
}
