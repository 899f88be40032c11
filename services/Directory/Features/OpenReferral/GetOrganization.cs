using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// GET /organizations/{id}: an organisation with its published services (compiled/organization.json), each with its
/// one-to-one fields, or fully nested with full_service=true. One with nothing published is not found.
/// </summary>
public static class GetOrganization
{
    public sealed record Query(string Id, string? FullService) : IQuery<OrukOrganization>, IOrukByIdQuery
    {
        public bool Full => FullService is not null && bool.Parse(FullService);
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            Include(new OrukIdRules<Query>());
            RuleFor(q => q.FullService).Must(f => bool.TryParse(f, out _)).When(q => q.FullService is not null)
                .WithMessage("'full_service' must be true or false.").OverridePropertyName("full_service");
        }
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukOrganization>
    {
        public async ValueTask<OrukOrganization> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = Guid.Parse(query.Id);
            var services = await db.Services.AsNoTracking().Include(s => s.Organisation)
                .Where(s => s.OrganisationId == id && (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended))
                .OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(cancellationToken);
            if (services.Count == 0) throw new NotFoundException("Organization", query.Id);
            var catalogue = query.Full ? await OrukCatalogue.LoadAsync(db, services, cancellationToken) : null;
            return OrukMapper.Organization(services[0].Organisation) with
            {
                Services = [.. services.Select(s => (catalogue is null ? OrukMapper.Summary(s) : OrukMapper.Full(s, catalogue)) with { Organization = null })],
            };
        }
    }

    internal static async Task<IResult> Endpoint(string id, [FromQuery(Name = "full_service")] string? fullService, Sender mediator,
        CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(id, fullService), cancellationToken), OrukJson.Options);
}
