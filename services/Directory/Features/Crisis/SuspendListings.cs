using BuildingBlocks.Validation;
using BuildingBlocks.Auth;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>
/// Crisis mode: a curator suspends every matching active listing in one transaction, with a public note and an
/// alternative (moved online, a phone line). One ServiceSuspended per listing.
/// </summary>
public static class SuspendListings
{
    public sealed record Command(string? Ward, string? TaxonomyTerm, bool All, string PublicNote, string? Alternative)
        : ICommand<CrisisResult>, ICrisisSelector
    {
        public CrisisSelection Selection => new(Ward, TaxonomyTerm, All);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            this.AddSelectionRules();
            RuleFor(c => c.PublicNote).NotEmpty().MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.Alternative).MaximumLength(1000).MustBePlainText();
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, CrisisResult>
    {
        public async ValueTask<CrisisResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var services = await command.Selection.Apply(db, ServiceStatus.Active).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var note = command.PublicNote.Trim();
            foreach (var service in services.Where(s => s.Suspend(note, command.Alternative, now)))
            {
                ListingRecords.AddVersion(db, service, user, $"Suspended (crisis): {note}", now);
                db.Publish(new ServiceSuspended(service.Id, note, command.Alternative, now), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new CrisisResult(services.Count, [.. services.Select(s => s.Id)]);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}

public sealed record CrisisResult(int Count, IReadOnlyList<Guid> ServiceIds);
