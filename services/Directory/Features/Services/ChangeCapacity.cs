using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>Provider staff (or a curator) say whether the activity takes referrals now; applies at once, no moderation.</summary>
public static class ChangeCapacity
{
    public sealed record Command(Guid Id, ReferralAcceptance AcceptingReferrals, int? Spaces, int? TypicalResponseDays) : ICommand<Result>;

    public sealed record Body(ReferralAcceptance AcceptingReferrals, int? Spaces, int? TypicalResponseDays);

    public sealed record Result(Guid Id, Capacity Capacity, bool Changed, int Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AcceptingReferrals).IsInEnum();
            RuleFor(c => c.Spaces).InclusiveBetween(0, 10_000).When(c => c.Spaces is not null);
            RuleFor(c => c.TypicalResponseDays).InclusiveBetween(0, 365).When(c => c.TypicalResponseDays is not null);
        }
    }

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.Services.SingleOrDefaultAsync(s => s.Id == command.Id, cancellationToken)
                          ?? throw new NotFoundException("Service", command.Id);
            user.EnsureCanEdit(service);
            var now = clock.GetUtcNow();
            var capacity = new Capacity(command.AcceptingReferrals, command.Spaces, command.TypicalResponseDays);
            var changed = service.ChangeCapacity(capacity, now);
            if (changed)
            {
                ListingRecords.AddVersion(db, service, user, $"Capacity: accepting referrals {capacity.AcceptingReferrals.ToString().ToLowerInvariant()}", now);
                if (service.IsPublished)
                    db.Publish(new ServiceCapacityChanged(service.Id, capacity.AcceptingReferrals, capacity.Spaces, capacity.TypicalResponseDays, now), now);
                await db.SaveChangesAsync(cancellationToken);
            }
            return new Result(service.Id, service.Capacity, changed, service.Version);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, body.AcceptingReferrals, body.Spaces, body.TypicalResponseDays), cancellationToken));
}
