global using Pipeline.Engine;
