using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.Preferences;

/// <summary>Sets how the caller is told: which channels, the addresses they need, and whether to get one daily digest.</summary>
public static class UpdatePreferences
{
    public sealed record Command(string? Email, string? Phone, IReadOnlyList<string>? Channels, bool DailyDigest) : ICommand<GetPreferences.Result>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Channels).NotNull();
            RuleForEach(c => c.Channels).Must(c => Domain.Channels.All.Contains(c))
                .WithMessage($"Channels must be from: {string.Join(", ", Domain.Channels.All)}.");
            RuleFor(c => c.Email).EmailAddress().MaximumLength(320).When(c => !string.IsNullOrWhiteSpace(c.Email));
            RuleFor(c => c.Phone).Matches(@"^\+?[0-9 ]{10,20}$").WithMessage("Enter a UK phone number, like 07700 900123.")
                .When(c => !string.IsNullOrWhiteSpace(c.Phone));
            RuleFor(c => c.Email).NotEmpty().When(c => c.Channels?.Contains(Domain.Channels.Email) == true)
                .WithMessage("An email address is needed to get emails.");
            RuleFor(c => c.Phone).NotEmpty().When(c => c.Channels?.Contains(Domain.Channels.Sms) == true)
                .WithMessage("A phone number is needed to get text messages.");
        }
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user) : ICommandHandler<Command, GetPreferences.Result>
    {
        public async ValueTask<GetPreferences.Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var preferences = await db.Preferences.FindAsync([user.Id], cancellationToken)
                              ?? db.Preferences.Add(new UserPreferences(user.Id)).Entity;
            preferences.Update(command.Email, command.Phone, command.Channels!, command.DailyDigest);
            await db.SaveChangesAsync(cancellationToken);
            return new GetPreferences.Result(preferences.Email, preferences.Phone, preferences.Channels, preferences.DailyDigest);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}
