using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Notifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attendance",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendance", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    actor_role = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    template = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    read_at = table.Column<long>(type: "INTEGER", nullable: true),
                    digest = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outcome_links",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outcome_links", x => x.token_hash);
                });

            migrationBuilder.CreateTable(
                name: "outcome_measures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ons4_life_satisfaction = table.Column<int>(type: "INTEGER", nullable: false),
                    ons4_worthwhile = table.Column<int>(type: "INTEGER", nullable: false),
                    ons4_happiness = table.Column<int>(type: "INTEGER", nullable: false),
                    ons4_anxiety = table.Column<int>(type: "INTEGER", nullable: false),
                    loneliness_companionship = table.Column<int>(type: "INTEGER", nullable: false),
                    loneliness_left_out = table.Column<int>(type: "INTEGER", nullable: false),
                    loneliness_isolated = table.Column<int>(type: "INTEGER", nullable: false),
                    entered_by = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outcome_measures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    provider_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    referrer_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    share_outcomes_with_referrer = table.Column<bool>(type: "INTEGER", nullable: false),
                    status_changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    accepted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_session_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    contact_channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    contact_email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    contact_phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resident_feedback",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rating = table.Column<int>(type: "INTEGER", nullable: false),
                    comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    moderated_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    moderated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    moderation_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resident_feedback", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_preferences",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    channels = table.Column<string>(type: "TEXT", nullable: false),
                    daily_digest = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_preferences", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    secret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    events = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_subscriptions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_attendance_referral_id_session_date",
                table: "attendance",
                columns: new[] { "referral_id", "session_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_referral_id",
                table: "audit_log",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_idempotency_key",
                table: "notifications",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_channel_created_at",
                table: "notifications",
                columns: new[] { "recipient", "channel", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_status_next_attempt_at",
                table: "notifications",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outcome_links_referral_id",
                table: "outcome_links",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_outcome_measures_referral_id_stage",
                table: "outcome_measures",
                columns: new[] { "referral_id", "stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_resident_feedback_service_id_status",
                table: "resident_feedback",
                columns: new[] { "service_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_resident_feedback_status_submitted_at",
                table: "resident_feedback",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_owner_id",
                table: "webhook_subscriptions",
                column: "owner_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attendance");

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "outcome_links");

            migrationBuilder.DropTable(
                name: "outcome_measures");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "resident_feedback");

            migrationBuilder.DropTable(
                name: "user_preferences");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions");
        }
    }
}
