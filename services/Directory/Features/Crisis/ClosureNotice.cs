using BuildingBlocks.Time;
using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>
/// A provider closes its own listing for a while (the crisis mechanism for one listing, without a curator): the same
/// suspension, public note, alternative and planned end, the same ServiceSuspended (referrers with open referrals told)
/// and the same automatic reinstatement. Its staff (or a curator) may reopen it; a crisis's suspension only a curator lifts.
/// </summary>
public static class ClosureNotice
{
    public sealed record Body(string? PublicNote, string? Alternative, DateTimeOffset? Until);

    public sealed record Command(Guid Id, string? PublicNote, string? Alternative, DateTimeOffset? Until) : ICommand<Result>;

    public sealed record Reopen(Guid Id) : ICommand<Result>;

    public sealed record Result(Guid Id, ServiceStatus Status, int Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.PublicNote).NotEmpty().WithMessage("Say why it is closed; people looking for it see this note.")
                .MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.Alternative).MaximumLength(1000).MustBePlainText();
            RuleFor(c => c.Until).Must(u => u > clock.GetUtcNow()).When(c => c.Until is not null)
                .WithMessage("The planned end must be in the future.");
            RuleFor(c => c.Until).Must(u => u < clock.GetUtcNow().AddYears(2)).When(c => c.Until is not null)
                .WithMessage("The planned end must be within two years.");
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>, ICommandHandler<Reopen, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await LoadAsync(command.Id, cancellationToken);
            var now = clock.GetUtcNow();
            var note = command.PublicNote!.Trim();
            if (!service.Suspend(note, command.Alternative, now, command.Until))
                throw new ConflictException($"Only a live listing can be closed; this one is {Kebab(service.Status)}.",
                    new Dictionary<string, object?> { ["status"] = Kebab(service.Status) });
            var until = command.Until is { } end ? $" until {UkTime.Describe(end)}" : "";
            ListingRecords.AddVersion(db, service, user, $"Closure notice{until}: {note}", now);
            db.Publish(new ServiceSuspended(service.Id, note, service.SuspensionAlternative, now), now);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id, service.Status, service.Version);
        }

        public async ValueTask<Result> Handle(Reopen command, CancellationToken cancellationToken)
        {
            var service = await LoadAsync(command.Id, cancellationToken);
            if (service.Status != ServiceStatus.Suspended)
                throw new ConflictException($"Only a closed listing can be reopened; this one is {Kebab(service.Status)}.",
                    new Dictionary<string, object?> { ["status"] = Kebab(service.Status) });
            if (service.CrisisId is not null && !user.IsCurator())
                throw new ForbiddenException("This listing was suspended by the hub's crisis mode; only a curator can reinstate it.");
            var now = clock.GetUtcNow();
            service.Reinstate(now);
            ListingRecords.AddVersion(db, service, user, "Reopened", now);
            db.Publish(new ServiceReinstated(service.Id, now), now);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(service.Id, service.Status, service.Version);
        }

        private async Task<Service> LoadAsync(Guid id, CancellationToken cancellationToken)
        {
            var service = await db.Services.Include(s => s.Organisation).SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
                          ?? throw new NotFoundException("Service", id);
            user.EnsureCanEdit(service);
            return service;
        }

        private static string Kebab(ServiceStatus status) => DirectoryService.Search.SearchVocabulary.Kebab(status.ToString());
    }

    internal static async Task<IResult> Close(Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, body.PublicNote, body.Alternative, body.Until), cancellationToken));

    internal static async Task<IResult> Open(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Reopen(id), cancellationToken));
}

/// <summary>The wards a crisis can name: the gazetteer's, and any a listing's place gives (public, like the gazetteer).</summary>
public static class ListWards
{
    public sealed record Query : IQuery<IReadOnlyList<string>>;

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, IReadOnlyList<string>>
    {
        public async ValueTask<IReadOnlyList<string>> Handle(Query query, CancellationToken cancellationToken)
        {
            var gazetteer = await db.Postcodes.AsNoTracking().Where(p => p.WardName != null).Select(p => p.WardName!).Distinct().ToListAsync(cancellationToken);
            var places = await db.Locations.AsNoTracking().Where(l => l.Ward != null).Select(l => l.Ward!).Distinct().ToListAsync(cancellationToken);
            return [.. gazetteer.Concat(places).DistinctBy(w => w.ToLowerInvariant()).Order(StringComparer.OrdinalIgnoreCase)];
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
