using BuildingBlocks.Auth;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>Ends crisis mode for the matching suspended listings, in one transaction; one ServiceReinstated each.</summary>
public static class ReinstateListings
{
    public sealed record Command(string? Ward, string? TaxonomyTerm, bool All, Guid? OrganisationId = null) : ICommand<CrisisResult>, ICrisisSelector
    {
        public CrisisSelection Selection => new(Ward, TaxonomyTerm, All, OrganisationId);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => this.AddSelectionRules();
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, CrisisResult>
    {
        public async ValueTask<CrisisResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var services = await command.Selection.Apply(db, ServiceStatus.Suspended).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var scope = await command.Selection.DescribeAsync(db, cancellationToken);
            foreach (var service in services.Where(s => s.Reinstate(now)))
            {
                ListingRecords.AddVersion(db, service, user, $"Reinstated (crisis mode ended: {scope})", now);
                db.Publish(new ServiceReinstated(service.Id, now), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new CrisisResult(services.Count, [.. services.Select(s => s.Id)]);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}
