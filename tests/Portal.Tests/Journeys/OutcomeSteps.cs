using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>Filling in the provider's outcome form on a referral page, and reading the outcome table back.</summary>
public static class OutcomeSteps
{
    public static readonly string[] Ons4Questions =
    [
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "Overall, how anxious did you feel yesterday?",
    ];

    public static readonly string[] LonelinessQuestions =
    [
        "How often do you feel that you lack companionship?",
        "How often do you feel left out?",
        "How often do you feel isolated from others?",
    ];

    /// <summary>Answers every question given (null leaves one blank) and submits.</summary>
    public static async Task RecordAsync(IPage page, string stage, int?[] ons4, string?[] loneliness)
    {
        await page.GetByLabel(stage).CheckAsync();
        for (var i = 0; i < Ons4Questions.Length; i++)
            if (ons4[i] is { } answer) await page.GetByLabel(Ons4Questions[i]).FillAsync(answer.ToString());
        for (var i = 0; i < LonelinessQuestions.Length; i++)
            if (loneliness[i] is { } answer)
                await page.GetByRole(AriaRole.Group, new() { Name = LonelinessQuestions[i] })
                    .GetByLabel(answer, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record answers" }).ClickAsync();
    }

    public static async Task<string[]> RowAsync(IPage page, string measure) =>
        [.. (await page.Locator($"#outcome-{measure} th, #outcome-{measure} td").AllInnerTextsAsync()).Select(t => t.Trim())];
}
