using BuildingBlocks.Time;
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
/// Crisis mode: a curator suspends every matching active listing in one transaction, with a required public note, an
/// optional alternative (moved online, a phone line) and an optional planned end (<c>until</c>), when
/// <see cref="CrisisEndSweep"/> reinstates them. The crisis is recorded (its banner shows while it lasts); one
/// ServiceSuspended per listing tells Referrals (open referrals flagged, referrers told), Feedback (providers told) and
/// the search index (the listing stays findable, marked suspended).
/// </summary>
public static class SuspendListings
{
    public sealed record Command(string? Ward, string? TaxonomyTerm, bool All, string PublicNote, string? Alternative,
        Guid? OrganisationId = null, DateTimeOffset? Until = null) : ICommand<CrisisResult>, ICrisisSelector
    {
        public CrisisSelection Selection => new(Ward, TaxonomyTerm, All, OrganisationId);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            this.AddSelectionRules();
            RuleFor(c => c.PublicNote).NotEmpty().MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.Alternative).MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.Until).Must(u => u > clock.GetUtcNow()).When(c => c.Until is not null)
                .WithMessage("The planned end must be in the future.");
            RuleFor(c => c.Until).Must(u => u < clock.GetUtcNow().AddYears(2)).When(c => c.Until is not null)
                .WithMessage("The planned end must be within two years.");
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, CrisisResult>
    {
        public async ValueTask<CrisisResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var services = await command.Selection.Apply(db, ServiceStatus.Active).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var note = command.PublicNote.Trim();
            var alternative = string.IsNullOrWhiteSpace(command.Alternative) ? null : command.Alternative.Trim();
            var crisis = new Domain.Crisis(Guid.CreateVersion7(), await command.Selection.DescribeAsync(db, cancellationToken), note,
                alternative, user.InHistory, now, command.Until, services.Count);
            db.Crises.Add(crisis);
            var until = command.Until is { } end ? $" until {UkTime.Describe(end)}" : "";
            foreach (var service in services.Where(s => s.Suspend(note, alternative, now, command.Until, crisis.Id)))
            {
                ListingRecords.AddVersion(db, service, user, $"Suspended (crisis: {crisis.Scope}){until}: {note}", now);
                db.Publish(new ServiceSuspended(service.Id, note, alternative, now), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new CrisisResult(services.Count, [.. services.Select(s => s.Id)]) { CrisisId = crisis.Id };
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}

public sealed record CrisisResult(int Count, IReadOnlyList<Guid> ServiceIds)
{
    /// <summary>The crisis declared (suspending); null when reinstating.</summary>
    public Guid? CrisisId { get; init; }
}
