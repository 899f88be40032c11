using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DirectoryService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImportKeepsPublishersFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "imported_from",
                table: "services",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "publisher_assured_on",
                table: "services",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status_before_withdrawal",
                table: "services",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verified_facts",
                table: "services",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "is_placeholder",
                table: "organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "carried_fields",
                table: "listing_changes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "oruk_import_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    feed_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    publisher = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    withdrawn = table.Column<int>(type: "INTEGER", nullable: false),
                    restored = table.Column<int>(type: "INTEGER", nullable: false),
                    report_json = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_import_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oruk_publisher_terms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    publisher = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    vocabulary = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    mapped_code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    mapped_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    mapped_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_publisher_terms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oruk_scheduled_feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    publisher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    interval_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    next_run_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_run_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_scheduled_feeds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oruk_service_publisher_terms",
                columns: table => new
                {
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    publisher_term_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_oruk_service_publisher_terms", x => new { x.service_id, x.publisher_term_id });
                    table.ForeignKey(
                        name: "fk_oruk_service_publisher_terms_oruk_publisher_terms_publisher_term_id",
                        column: x => x.publisher_term_id,
                        principalTable: "oruk_publisher_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_organisations_is_placeholder",
                table: "organisations",
                column: "is_placeholder");

            migrationBuilder.CreateIndex(
                name: "ix_oruk_import_runs_feed_id_started_at",
                table: "oruk_import_runs",
                columns: new[] { "feed_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_oruk_import_runs_started_at",
                table: "oruk_import_runs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_oruk_publisher_terms_publisher_external_id",
                table: "oruk_publisher_terms",
                columns: new[] { "publisher", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_oruk_scheduled_feeds_enabled_next_run_at",
                table: "oruk_scheduled_feeds",
                columns: new[] { "enabled", "next_run_at" });

            migrationBuilder.CreateIndex(
                name: "ix_oruk_scheduled_feeds_url",
                table: "oruk_scheduled_feeds",
                column: "url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_oruk_service_publisher_terms_publisher_term_id",
                table: "oruk_service_publisher_terms",
                column: "publisher_term_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "oruk_import_runs");

            migrationBuilder.DropTable(
                name: "oruk_scheduled_feeds");

            migrationBuilder.DropTable(
                name: "oruk_service_publisher_terms");

            migrationBuilder.DropTable(
                name: "oruk_publisher_terms");

            migrationBuilder.DropIndex(
                name: "ix_organisations_is_placeholder",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "imported_from",
                table: "services");

            migrationBuilder.DropColumn(
                name: "publisher_assured_on",
                table: "services");

            migrationBuilder.DropColumn(
                name: "status_before_withdrawal",
                table: "services");

            migrationBuilder.DropColumn(
                name: "verified_facts",
                table: "services");

            migrationBuilder.DropColumn(
                name: "is_placeholder",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "carried_fields",
                table: "listing_changes");
        }
    }
}
